// Top-level await, dynamic import() (namespace, caching, errors), and job ordering.
import { ready } from './tla_fixture.mjs';
print('importer sees', ready);

const ns1 = await import('./counter_fixture.mjs');
const ns2 = await import('./counter_fixture.mjs');
print(ns1 === ns2, ns1.count, typeof ns1.default);

const json = await import('./data_fixture.json', { with: { type: 'json' } });
print(json.default.name);

for (const [specifier, options] of [
  ['./missing_fixture.mjs', undefined],
  ['bare-package', undefined],
  ['./counter_fixture.mjs', 42],
  ['./counter_fixture.mjs', { with: { type: 1 } }],
  ['./counter_fixture.mjs', { with: { unknown: 'x' } }],
  ['./throws_fixture.mjs', undefined],
  ['./throws_fixture.mjs', undefined],
]) {
  try {
    await import(specifier, options);
    print('loaded', specifier);
  } catch (e) {
    print(specifier, '->', e.constructor.name);
  }
}

// import() settles asynchronously: the module has not run when import() returns.
let order = [];
const p = import('./late_fixture.mjs').then(() => order.push('imported'));
order.push('sync');
await p;
print(order.join(' '));
