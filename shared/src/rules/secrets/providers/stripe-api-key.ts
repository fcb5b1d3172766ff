/** A Stripe secret or restricted key (`sk_live_…`, `rk_test_…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'stripe-api-key',
  description:
    'A Stripe secret or restricted key (`sk_live_…`, `rk_test_…`) is stored in the notebook.',
  label: 'Stripe API key',
  envName: 'STRIPE_API_KEY',
  rotateUrl: 'https://docs.stripe.com/keys#rolling-keys',
  secretlint: {
    // `(sk_live|sk_test|rk_live|rk_test)_[a-zA-Z0-9]{24,99}`
    stripe: {
      triggers: ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
    },
  },
});
