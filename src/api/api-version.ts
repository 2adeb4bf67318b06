// Which product an API version string belongs to.
import type { Product } from './action.js';

export const VERSIONS: Record<string, Product> = {
  '2016-04-28': 'vpc',
  '2015-05-01': 'ram',
};
