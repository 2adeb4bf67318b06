// Paging by PageNumber and PageSize, as the Describe actions do it: pages of a list in a stable order.
import { apiError } from '../errors/catalogue.js';

export function checkPaging(pageNumber: number | undefined, pageSize: number | undefined): { page: number; size: number } {
  const page = pageNumber ?? 1;
  const size = pageSize ?? 10;
  if (page < 1) throw apiError('InvalidParameter', 'PageNumber');
  if (size < 1 || size > 50) throw apiError('InvalidParameter', 'PageSize');
  return { page, size };
}

/** The items of one page (see checkPaging) of a list already in its stable order. */
export function pageOf<T>(all: T[], paging: { page: number; size: number }): T[] {
  return all.slice((paging.page - 1) * paging.size, paging.page * paging.size);
}
