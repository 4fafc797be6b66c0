// Importing a name the module does not export fails before any module code runs.
import { nope } from './counter_fixture.mjs';
print('never printed', nope);
