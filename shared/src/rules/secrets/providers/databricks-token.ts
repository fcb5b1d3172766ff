/** A Databricks personal access token (`dapi…`) is stored in the notebook. */
import { defineProvider } from '../provider.js';

export default defineProvider({
  id: 'databricks-token',
  description: 'A Databricks personal access token (`dapi…`) is stored in the notebook.',
  label: 'Databricks personal access token',
  envName: 'DATABRICKS_TOKEN',
  rotateUrl: 'https://docs.databricks.com/en/dev-tools/auth/pat.html',
  secretlint: {
    // `dapi[A-Fa-f0-9]{32}(?:-[0-9])?`
    databricks: {
      triggers: ['dapi'],
    },
  },
});
