/** A GitHub token (`ghp_…`, `github_pat_…`) with a valid checksum is stored in the notebook. */
import { emitGroup, hasValidGitHubChecksum, looksRandom } from '../detectors.js';
import { defineProvider } from '../provider.js';

// GitHub: `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` + 30 random base62 characters + a 6-character base62
// CRC32 of those 30 characters. Source: GitHub Engineering, "Behind GitHub's new authentication
// token formats" (2021-04-05); the checksum layout as verified by credsweeper's ValueGitHubCheck.
// Fine-grained PATs: `github_pat_` + 22 + `_` + 59 (GitHub docs, "Supported secret scanning
// patterns"); their checksum is not published, so they are gated by entropy instead.

const GITHUB_CLASSIC = /\bgh[pousr]_[A-Za-z0-9]{36}\b/g;
const GITHUB_FINE_GRAINED = /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g;

export default defineProvider({
  id: 'github-token',
  description:
    'A GitHub token (`ghp_…`, `github_pat_…`) with a valid checksum is stored in the notebook.',
  label: 'GitHub token',
  envName: 'GITHUB_TOKEN',
  rotateUrl: 'https://github.com/settings/tokens',
  detectors: [
    {
      triggers: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
      scan(text, emit) {
        emitGroup(
          GITHUB_CLASSIC,
          text,
          (start, value) => {
            if (hasValidGitHubChecksum(value)) emit(start, value);
          },
          0,
        );
        emitGroup(
          GITHUB_FINE_GRAINED,
          text,
          (start, value) => {
            if (looksRandom(value.slice(11), 3.5)) emit(start, value);
          },
          0,
        );
      },
    },
  ],
});
