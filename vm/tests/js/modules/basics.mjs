// Static imports: named, default, renamed, namespace, re-exports, JSON modules; live
// bindings; the namespace object's internal methods; import.meta.
import Counter, { count, increment, total as t } from './counter_fixture.mjs';
import * as ns from './counter_fixture.mjs';
import { bump, fromReexport, Counter as C2 } from './reexport_fixture.mjs';
import * as re from './reexport_fixture.mjs';
import data from './data_fixture.json' with { type: 'json' };

print(count, t, typeof Counter, Counter === C2, fromReexport);
increment();
bump();
print('live:', count, t, ns.count, re.count);

// The namespace object.
print(Object.keys(ns).join());
print(Object.keys(re).join());
print(Object.prototype.toString.call(ns), Object.getPrototypeOf(ns), Object.isExtensible(ns));
print(JSON.stringify(Object.getOwnPropertyDescriptor(ns, 'count')));
print(ns.self === ns, 'count' in ns, 'nope' in ns, ns.nope);
print(Reflect.set(ns, 'count', 5), Reflect.deleteProperty(ns, 'count'), Reflect.deleteProperty(ns, 'nope'));
print(Reflect.defineProperty(ns, 'count', { value: 2 }), Reflect.defineProperty(ns, 'count', { value: 3 }));
print(Reflect.setPrototypeOf(ns, null), Reflect.setPrototypeOf(ns, {}));
print(Object.isFrozen(ns), Object.isSealed(ns));
try { ns.count = 1; } catch (e) { print(e.constructor.name); }
try { delete ns.count; } catch (e) { print(e.constructor.name); }

// JSON modules.
print(data.name, data.list.length, Object.isExtensible(data));

// import.meta: one object per module, null prototype, the file's URL.
print(Object.getPrototypeOf(import.meta), import.meta === import.meta);
print(import.meta.url.startsWith('file:///'), import.meta.url.endsWith('/modules/basics.mjs'));
print(import.meta.filename.endsWith('basics.mjs'), typeof import.meta.dirname);

// Module code is strict and `this` is undefined.
print(this, (function () { return this; })());
