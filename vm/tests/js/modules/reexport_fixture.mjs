export * from './counter_fixture.mjs';
export { default as Counter, increment as bump } from './counter_fixture.mjs';
export const fromReexport = 'r';
