print('tla start');
await null;
print('tla after await');
export const ready = await Promise.resolve('ready');
