// The MNIST subset's layout, served by the plugin in web/vite.config.ts that writes the file.
declare module 'virtual:lrkit-mnist-format' {
  export const MNIST_SUBSET_MAGIC: number;
  export const MNIST_SUBSET_HEADER_BYTES: number;
}
