import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

// Every address below is made up.
ruleTester(getRule('email-address-in-output')!, {
  valid: [
    { name: 'toy one-letter addresses', output: 'send(a@b.com) -> ok; x@y.org\n' },
    {
      name: 'placeholder people and placeholder domains',
      output:
        'john.doe@gmail.com, Jane.Doe@outlook.com, user@domain.com, name@company.com, foo@bar.com\n',
    },
    {
      name: 'an address of the Enron corpus',
      output: 'From: phillip.allen@enron.com\nTo: tim.belden@enron.com\n',
    },
    {
      name: 'headers of the 20 Newsgroups corpus the notebook loads',
      cells: [
        { source: 'from sklearn.datasets import fetch_20newsgroups\nnews = fetch_20newsgroups()' },
        {
          source: 'print(news.data[0])',
          outputs: ["From: lerxst@wam.umd.edu (where's my thing)\n"],
        },
      ],
    },
    {
      output:
        'Contact: alice@example.com, bob@mail.example.org, carol@corp.test, dan@host.invalid\n',
    },
    { output: 'root@localhost and dev@build.local\n' },
    { output: 'noreply@github.com no-reply@accounts.google.com support@acme.io info@acme.io\n' },
    { output: '12345678+octocat@users.noreply.github.com\n' },
    { output: 'Cloning into repo... git@github.com:huggingface/cookbook.git\n' },
    { output: 'postgresql://admin:s3cret@db.acme.io:5432/app\n' },
    { output: 'Saved icon@2x.png and logo@3x.jpg\n' },
    { output: '@property\ndef name(self): ...\nmodel@v1.2.3 torch==2.1.0 pkg@1.0.0\n' },
    { output: "'<EMAIL_ADDRESS> wrote to [REDACTED:email] and j***@gmail.com, ••••@outlook.com'" },
    { output: 'XXXX@gmail.com\n', mimeType: 'text/plain' },
    { output: 'jo***n@gmail.com, r•••l@outlook.com\n' },
    {
      output: '<p>Write to <a href="mailto:team@example.com">team@example.com</a></p>',
      mimeType: 'text/html',
    },
    {
      output: '<script>var a = "jane.doe84@gmail.com";</script><style>/* x@y.com */</style>',
      mimeType: 'text/html',
    },
    { output: '"@": "a", "x@": 1, "@y.com": 2' },
  ],
  invalid: [
    {
      input: {
        name: 'one letter at a two-letter domain is a real shape',
        output: 'Contact j@fb.com\n',
      },
      errors: [{ text: 'j@fb.com' }],
    },
    {
      input: {
        name: 'the corpus is loaded after the output: the output is not its data',
        cells: [
          { source: 'print(owner)', outputs: ['jane.doe84@gmail.com\n'] },
          { source: 'news = fetch_20newsgroups()' },
        ],
      },
      errors: [{ text: 'jane.doe84@gmail.com', cellIndex: 0 }],
    },
    {
      input: { output: 'Registered: jane.doe84@gmail.com\n' },
      errors: [
        {
          text: 'jane.doe84@gmail.com',
          severity: 'warning',
          messageIncludes: 'shows 1 email address (first: …(20 chars))',
        },
      ],
    },
    {
      input: { output: 'a.b@uni-heidelberg.de, c.d@uni-heidelberg.de, e.f@uni-heidelberg.de\n' },
      errors: [{ text: 'a.b@uni-heidelberg.de', messageIncludes: 'shows 3 email addresses' }],
    },
    {
      input: {
        name: 'an escape sequence glued to the address in a repr',
        output: "'E-mail:  \\nyury.m@mail.ru . \\n'",
        mimeType: 'text/plain',
      },
      errors: [{ text: 'yury.m@mail.ru' }],
    },
    {
      input: {
        name: 'an entity-encoded @ in HTML: the range covers the stored bytes',
        output: '<td>jane.doe84&#64;gmail.com</td>',
        mimeType: 'text/html',
      },
      errors: [{ text: 'jane.doe84&#64;gmail.com' }],
    },
    {
      input: { output: 'Contact **kim.minjun@naver.com** for access.', mimeType: 'text/markdown' },
      errors: [{ text: 'kim.minjun@naver.com' }],
    },
    {
      input: { output: 'mailto:raj.patel@outlook.com\n' },
      errors: [{ text: 'raj.patel@outlook.com' }],
    },
    {
      input: {
        output: 'SMTPRecipientsRefused: {\'m.rossi@libero.it\': (550, b"no")}',
        mimeType: 'error',
      },
      errors: [{ text: 'm.rossi@libero.it' }],
    },
    {
      input: { output: '{\n "user": "ana.silva@uol.com.br"\n}', mimeType: 'application/json' },
      errors: [{ text: 'ana.silva@uol.com.br' }],
    },
  ],
});
