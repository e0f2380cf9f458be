import { describe, expect, it } from 'vitest';
import {
  checkout,
  CheckoutError,
  flagOn,
  InventoryError,
  reserveStock,
  STOCK_TIMEOUT_SHARE,
  total,
} from './shop';

describe('demo shop', () => {
  it('has the new checkout on for the internal tenant only', () => {
    expect(flagOn('internal')).toBe(true);
    expect(flagOn('acme-corp')).toBe(false);
  });

  it('keeps its deliberate bugs behind the flag', () => {
    const coupon = {
      items: [
        { sku: 'mug', price: 12, qty: 1 },
        { sku: 'tee', price: 25, qty: 1 },
      ],
      coupon: 'WELCOME10',
    };
    expect(total(coupon, false)).toBe(33.3);
    expect(() => checkout(coupon, true)).toThrow(CheckoutError);
    expect(checkout(coupon, false)).toEqual({ total: 33.3 });
    expect(() => checkout({ items: [] }, true)).toThrow(TypeError);
    expect(checkout({ items: [] }, false)).toEqual({ total: 0 });
  });

  it('has one bug every tenant shares, with or without the flag, now and then', () => {
    const cart = { items: [{ sku: 'mug', price: 12, qty: 1 }] };
    expect(() => reserveStock(cart, STOCK_TIMEOUT_SHARE / 2)).toThrow(InventoryError);
    expect(() => reserveStock(cart, STOCK_TIMEOUT_SHARE)).not.toThrow();
    expect(() => reserveStock({ items: [] }, 0)).not.toThrow();
  });
});
