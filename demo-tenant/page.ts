/** The shop's one page: a cart and a checkout button, for the driver to explore. */
export const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo shop — internal tenant</title>
<style>body{font-family:system-ui,sans-serif;max-width:640px;margin:40px auto;padding:0 16px}button{font:inherit;padding:6px 14px;margin:4px}pre{background:#f4f4f4;padding:8px}</style>
</head><body>
<h1>Demo shop</h1>
<p>Tenant <strong>internal</strong>: the <code>new-checkout</code> flag is on.</p>
<p>
<button data-cart='{"items":[{"sku":"mug","price":12,"qty":2}]}'>Buy two mugs</button>
<button data-cart='{"items":[{"sku":"mug","price":12,"qty":1},{"sku":"tee","price":25,"qty":1}],"coupon":"WELCOME10"}'>Mug and tee with WELCOME10</button>
<button data-cart='{"items":[]}'>Check out an empty cart</button>
</p>
<pre id="out">Pick a cart.</pre>
<script>
for (const b of document.querySelectorAll('button[data-cart]')) {
  b.addEventListener('click', async () => {
    const res = await fetch('/api/checkout?tenant=internal', { method: 'POST', body: b.dataset.cart });
    document.getElementById('out').textContent = res.status + ' ' + await res.text();
  });
}
</script>
</body></html>`;
