/** A Grafana Cloud or service account token is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'grafana-token',
  description: 'A Grafana Cloud or service account token is stored in the notebook.',
  label: 'Grafana token',
  envName: 'GRAFANA_TOKEN',
  rotateUrl: 'https://grafana.com/docs/grafana/latest/administration/service-accounts/',
  secretlint: {
    // `glc_…`, `glsa_…`
    grafana: {
      triggers: ['glc_', 'glsa_'],
    },
  },
});
