// A pipeline's verifier written with another JOSE library than the one Ensemble signs with
// (fast-jwt instead of jose), run as its own process:
//   node verifyWithFastJwt.mjs <JWKS URL or file> <JWS file>
// Exit 0 and the claims that matter on standard output when the signature holds; 1 otherwise.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createDecoder, createVerifier } from 'fast-jwt';

const [source, file] = process.argv.slice(2);
try {
  const jwks = /^https?:/.test(source)
    ? await (await fetch(source)).json()
    : JSON.parse(fs.readFileSync(source, 'utf8'));
  const token = fs.readFileSync(file, 'utf8').trim();
  const { header } = createDecoder({ complete: true })(token);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid} in the JWKS`);
  const key = crypto
    .createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' })
    .export({ type: 'spki', format: 'pem' });
  const verify = createVerifier({
    key,
    algorithms: ['EdDSA'],
    checkTyp: 'ensemble-decision+jwt',
    allowedIss: 'ensemble',
  });
  const claims = verify(token);
  const { action, toStage, version } = claims.record.decision;
  console.log(
    JSON.stringify({ signer: claims.signer, session: claims.sub, action, toStage, version }),
  );
  process.exit(0);
} catch (error) {
  console.error(`not verified: ${error.code ?? ''} ${error.message}`);
  process.exit(1);
}
