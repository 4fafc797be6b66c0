import { b, readA } from './cycle_b_fixture.mjs';
print('a evaluates; b =', b);
export const a = 'A';
export function fromA() { return readA(); }
