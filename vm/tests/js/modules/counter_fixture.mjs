// A module with live bindings, a default export and a namespace re-export.
export let count = 0;
export function increment() { count++; }
export default class Counter {}
export { count as total };
export * as self from './counter_fixture.mjs';
print('counter evaluated');
