import { randn } from '@dnn/tensor';
import { Conv2d } from '@dnn/conv';
import { webgpu } from '@dnn/webgpu';

// The smallest useful WebGPU page: a device and one convolution. Bundled by the size budget test
// (bundle-size.test.ts) to see what importing @dnn/webgpu and @dnn/conv costs a page.
const device = await webgpu({ gpu: navigator.gpu });
const conv = new Conv2d(1, 6, 5, { device });
const y = conv.forward(randn([1, 1, 28, 28], { device }));
document.body.textContent = `conv output ${y.shape.join('×')}: ${(await y.data())[0]}`;
