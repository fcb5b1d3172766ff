import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Made-up tokens without any provider's prefix, so only this rule speaks of them.
ruleTester(getRule('auth-token-in-output')!, {
  valid: [
    { output: "{'User-Agent': 'app/1.0', 'Authorization': 'Bearer <YOUR_TOKEN>'}" },
    {
      output:
        'Authorization: Bearer ${TOKEN}\nAuthorization: Bearer ****\nAuthorization: Basic xxxxxxxx\n',
    },
    { output: 'headers = {"Authorization": f"Bearer {token}"}\n' },
    { output: 'GET https://api.acme.io/v1/items?page=2&limit=50&sort=created_at\n' },
    { output: 'https://api.acme.io/search?key=value&token=your_token_here\n' },
    { output: 'Authorization header is missing: send a bearer token\n' },
    {
      name: 'a short-lived OAuth access token (token response in the notebook) echoed in a header',
      cells: [
        {
          source: 'res.json()',
          outputs: [
            {
              mimeType: 'text/plain',
              text: "{'access_token': '54100389393-Qz8rT2mX7vB4nL9kW5pJ3hD', 'token_type': 'bearer', 'expires_in': 86400}",
            },
          ],
        },
        {
          source: 'headers',
          outputs: [
            {
              mimeType: 'text/plain',
              text: "{'Authorization': 'bearer 54100389393-Qz8rT2mX7vB4nL9kW5pJ3hD'}",
            },
          ],
        },
      ],
    },
  ],
  invalid: [
    {
      input: {
        output: "{'User-Agent': 'app/1.0', 'Authorization': 'Bearer q8Zr2LmX9vT4bN7cW1pKdF6h'}",
      },
      errors: [
        {
          text: 'q8Zr2LmX9vT4bN7cW1pKdF6h',
          severity: 'error',
          messageIncludes: 'shows 1 credential in a header or URL',
        },
      ],
    },
    {
      input: {
        name: 'curl -v request headers',
        output:
          '> GET /v1/models HTTP/1.1\n> Host: api.acme.io\n> X-API-Key: Zx81mQ4rT7vB2nL9kW5pJ3hD\n',
      },
      errors: [{ text: 'Zx81mQ4rT7vB2nL9kW5pJ3hD' }],
    },
    {
      input: {
        name: 'an HTTPError traceback with a token in the URL',
        output:
          'HTTPError: 401 Client Error: Unauthorized for url: https://api.acme.io/v2/export?format=csv&token=Hq3Lz8Vm2Rt6Yp0Wx4Kc\n',
        mimeType: 'error',
      },
      errors: [{ text: 'Hq3Lz8Vm2Rt6Yp0Wx4Kc' }],
    },
    {
      input: {
        name: 'Basic credentials',
        output: 'Authorization: Basic YWxpY2U6VHIwdWI0ZG9yJjN4\n',
      },
      errors: [{ text: 'YWxpY2U6VHIwdWI0ZG9yJjN4' }],
    },
  ],
});
