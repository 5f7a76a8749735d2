import { runProcess } from './main';

void runProcess();
