import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('allow-dangerous-deserialization')!, {
  valid: [
    'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local("idx", emb)',
    'db = FAISS.load_local("idx", emb, allow_dangerous_deserialization=False)',
    'db.save_local("idx")',
    '# db = FAISS.load_local("idx", emb, allow_dangerous_deserialization=True)',
    { markdown: 'Pass `allow_dangerous_deserialization=True` only for your own index.' },
  ],
  invalid: [
    {
      input:
        'from langchain_community.vectorstores import FAISS\ndb = FAISS.load_local("idx", emb, allow_dangerous_deserialization=True)',
      errors: [
        {
          text: 'allow_dangerous_deserialization=True',
          messageIncludes: 'langchain_community.vectorstores.FAISS.load_local',
        },
      ],
    },
    {
      input:
        'db = FAISS.deserialize_from_bytes(\n    serialized,\n    emb,\n    allow_dangerous_deserialization=True,\n)',
      errors: [{ text: 'allow_dangerous_deserialization=True' }],
    },
  ],
});
