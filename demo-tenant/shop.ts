/**
 * The shop's domain, with the deliberate bugs of its "new checkout" (on for the internal tenant
 * only): a discount applied twice, a crash on an empty cart, a slow coupon service; and one bug
 * every tenant has, with or without the flag: a stock service that times out now and then (the
 * control group shows it as "also without the flag").
 */
export type Cart = { items: Array<{ sku: string; price: number; qty: number }>; coupon?: string };

export class CheckoutError extends Error {
  override name = 'CheckoutError';
}
export class InventoryError extends Error {
  override name = 'InventoryError';
}
/** The share of checkouts, of every tenant, whose stock reservation times out. */
export const STOCK_TIMEOUT_SHARE = 0.08;

/** Everyone's bug, not the flag's: `roll` is a random number in [0, 1). */
export function reserveStock(cart: Cart, roll: number): void {
  if (cart.items.length > 0 && roll < STOCK_TIMEOUT_SHARE)
    throw new InventoryError('stock service timed out after 3000 ms');
}

export const FLAG = 'new-checkout';
export const TENANTS = ['internal', 'acme-corp', 'globex', 'initech'] as const;
export const flagOn = (tenant: string) => tenant === 'internal';

export function total(cart: Cart, newCheckout: boolean): number {
  const sum = cart.items.reduce((s, i) => s + i.price * i.qty, 0);
  const discount = cart.coupon === 'WELCOME10' ? 0.1 : 0;
  if (!newCheckout) return round(sum * (1 - discount));
  // Bug: the new checkout applies the discount once per item line.
  return round(
    cart.items.reduce((s, i) => s + i.price * i.qty * (1 - discount * cart.items.length), 0),
  );
}

export function checkout(cart: Cart, newCheckout: boolean): { total: number } {
  if (newCheckout && cart.items.length === 0) {
    // Bug: the new checkout reads the first item of an empty cart.
    const first = cart.items[0] as unknown as { price: number };
    return { total: first.price };
  }
  const expected = total(cart, false);
  const charged = total(cart, newCheckout);
  if (Math.abs(expected - charged) > 0.001) {
    throw new CheckoutError(`total mismatch: charged ${charged} but cart is worth ${expected}`);
  }
  return { total: charged };
}

const round = (n: number) => Math.round(n * 100) / 100;
