/** A signed JSON Web Token (a bearer credential) is stored in the notebook. */
import { base64UrlDecode, emitGroup } from '../detectors.js';
import { defineProvider } from '../provider.js';

/** JWT header of jwt.io's example token, which is in every tutorial. */
const JWT_IO_EXAMPLE_PAYLOAD =
  'eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ';

export default defineProvider({
  id: 'json-web-token',
  description: 'A signed JSON Web Token (a bearer credential) is stored in the notebook.',
  label: 'JSON Web Token',
  envName: 'JWT_TOKEN',
  rotateUrl: 'https://supabase.com/docs/guides/api/api-keys',
  detectors: [
    // JSON Web Tokens: three base64url segments, header and payload JSON objects (RFC 7519 §3).
    // Checked by decoding the header: it must be JSON with an `alg`.
    {
      triggers: ['eyJ'],
      scan(text, emit) {
        const pattern = /(?<![\w-])eyJ[\w-]{8,2000}\.eyJ[\w-]{8,8000}\.[\w-]{16,2000}(?![\w-])/g;
        emitGroup(
          pattern,
          text,
          (start, value) => {
            const [header, payload] = value.split('.');
            if (payload === JWT_IO_EXAMPLE_PAYLOAD) return;
            const decoded = base64UrlDecode(header ?? '');
            if (!decoded || !/^\s*\{[\s\S]{0,400}"alg"\s*:/.test(decoded)) return;
            emit(start, value);
          },
          0,
        );
      },
    },
  ],
});
