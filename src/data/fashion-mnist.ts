// Fashion-MNIST's class names; loadFashionMnist reads the package's files in 'lrkit/node'.

/**
 * Fashion-MNIST class names, indexed by label.
 *
 * @example
 * FASHION_MNIST_CLASSES[9]; // 'Ankle boot'
 */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot',
] as const;
