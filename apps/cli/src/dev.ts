import './relaxed-simd';
import { runProcess } from './main';

// `pnpm dnn …` runs this from apps/cli; relative paths (--out, --data) should mean where the user typed it
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
void runProcess('pnpm dnn');
