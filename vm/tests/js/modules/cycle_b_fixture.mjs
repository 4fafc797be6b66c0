import { a } from './cycle_a_fixture.mjs';
print('b evaluates');
try { a; } catch (e) { print('b sees a in its TDZ:', e.constructor.name); }
export const b = 'B';
export function readA() { return a; }
