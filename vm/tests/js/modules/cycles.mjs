// A cycle: dependencies evaluate first (b before a), bindings are live across the cycle,
// and reading an import still in its TDZ is a ReferenceError.
import { a, fromA } from './cycle_a_fixture.mjs';
print('root:', a, fromA());
