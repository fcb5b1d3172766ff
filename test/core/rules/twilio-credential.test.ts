import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';
import { fake, providerTable } from '../secrets-fakes.js';

ruleTester(
  getRule('twilio-credential')!,
  providerTable({
    secret: fake.hex(32, 'tw'),
    envName: 'TWILIO_AUTH_TOKEN',
    code: 'auth_token = $  # Twilio',
    text: 'TWILIO_AUTH_TOKEN=$',
    valid: [
      'client = Client(os.environ["TWILIO_ACCOUNT_SID"], os.environ["TWILIO_AUTH_TOKEN"])',
      'auth_token = "your_auth_token"  # twilio',
    ],
    extraInvalid: [
      {
        input: `client = Client("${fake.twilioAccountSid()}", "${fake.hex(32, 'tp')}")  # Twilio`,
        errors: [{ text: fake.hex(32, 'tp') }],
      },
      {
        input: `from twilio.rest import Client\nclient = Client("${fake.twilioApiKeySid()}", api_secret, account_sid)`,
        errors: [{ text: fake.twilioApiKeySid() }],
      },
    ],
  }),
);
