// An error thrown by a dependency's body is the importer's uncaught error.
import { x } from './throws_fixture.mjs';
print('never printed', x);
