export const x = 1;
throw new RangeError('module body failed');
