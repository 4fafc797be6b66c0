// Promise.allKeyed / Promise.allSettledKeyed (await-dictionary proposal; node lacks them, the
// expected order was derived from the spec steps: one reaction job per element, then the result).
var s = Symbol('s');
var input = { a: Promise.resolve(1), b: 2, [s]: Promise.reject('no') };
Object.defineProperty(input, 'hidden', { value: 3, enumerable: false });
Promise.allSettledKeyed(input).then(r => {
  print(Object.getPrototypeOf(r) === null, r.a.status, r.a.value, r.b.value, r[s].status, r[s].reason, 'hidden' in r);
});
delete input[s];
Promise.allKeyed(input).then(r => print(r.a, r.b, Object.keys(r).join()));
Promise.allKeyed({}).then(r => print('empty', Object.keys(r).length));
Promise.allKeyed(1).catch(e => print(e instanceof TypeError));
Promise.allKeyed({x: Promise.reject(5)}).catch(e => print('rej', e));
