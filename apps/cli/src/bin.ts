import './relaxed-simd';
import { runProcess } from './main';

void runProcess();
