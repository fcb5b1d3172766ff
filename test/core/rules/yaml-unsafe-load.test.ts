import { getRule } from '@cellguard/core';
import { ruleTester } from '../../support/rule-tester.js';

ruleTester(getRule('yaml-unsafe-load')!, {
  valid: [
    {
      name: 'a local ruamel YAML() rebinds the name yaml',
      code: 'import yaml\nfrom ruamel.yaml import YAML\nyaml = YAML(typ="rt")\ncfg = yaml.load(f)',
    },
    {
      name: 'ruamel without any PyYAML import',
      code: 'from ruamel.yaml import YAML\nyaml = YAML()\nwith open(p) as f:\n    cfg = yaml.load(f)',
    },
    {
      name: 'the rebinding carries to later cells',
      cells: [
        { source: 'from ruamel.yaml import YAML\nyaml = YAML(typ="safe")' },
        { source: 'cfg = yaml.load(open(p))' },
      ],
    },
    {
      name: 'a rebinding inside a function',
      code: 'import yaml\ndef read(p):\n    yaml = YAML()\n    return yaml.load(p)',
    },
    'import yaml\ncfg = yaml.safe_load(f)',
    'import yaml\ncfg = yaml.load(f, Loader=yaml.SafeLoader)',
    'import yaml\ncfg = yaml.load(f, Loader=yaml.CSafeLoader)',
    'import yaml\ncfg = yaml.load(f, yaml.SafeLoader)',
    'from yaml import load, SafeLoader\ncfg = load(f, Loader=SafeLoader)',
    'import yaml\ndocs = list(yaml.safe_load_all(f))',
    'import yaml\nyaml.dump(cfg, f)',
    'import yaml\ncfg = yaml.load(f, Loader=ConfigLoader)',
    'from ruamel.yaml import YAML\ncfg = YAML(typ="safe").load(f)',
    'import json\ncfg = json.load(f)',
    'yaml_content = """\nmodels:\n  - type: main\n"""',
  ],
  invalid: [
    {
      input: {
        name: 'a function-local rebinding does not shadow the module outside it',
        code: 'import yaml\ndef read(p):\n    yaml = YAML()\n    return yaml.load(p)\ncfg = yaml.load(f)',
      },
      errors: [{ text: 'yaml.load(f)' }],
    },
    {
      input: {
        name: 'an import after the rebinding binds PyYAML again',
        code: 'yaml = YAML()\nimport yaml\ncfg = yaml.load(f)',
      },
      errors: [{ text: 'yaml.load(f)' }],
    },
    {
      input: {
        name: 'a call before the rebinding still loads with PyYAML',
        code: 'import yaml\nold = yaml.load(f)\nyaml = YAML()',
      },
      errors: [{ text: 'yaml.load(f)' }],
    },
    {
      input: { name: 'spaces around the dot', code: 'import yaml\ncfg = yaml . load(f)' },
      errors: [{ messageId: 'noLoader' }],
      output: 'import yaml\ncfg = yaml . safe_load(f)',
    },
    {
      input: 'import yaml\ncfg = yaml.load(f)',
      errors: [{ text: 'yaml.load(f)', messageId: 'noLoader' }],
      output: 'import yaml\ncfg = yaml.safe_load(f)',
    },
    {
      input: 'import yaml as y\ncfg = y.load(f)',
      errors: [{ text: 'y.load(f)' }],
      output: 'import yaml as y\ncfg = y.safe_load(f)',
    },
    {
      input: 'import yaml as y\ncfg = y.load(f)',
      errors: [{ text: 'y.load(f)' }],
      fixIndex: 1,
      output: 'import yaml as y\ncfg = y.load(f, Loader=y.SafeLoader)',
    },
    {
      input: 'import yaml\ncfg = yaml.load(f, Loader=yaml.Loader)',
      errors: [{ text: 'Loader=yaml.Loader', messageId: 'unsafeLoader' }],
      output: 'import yaml\ncfg = yaml.load(f, Loader=yaml.SafeLoader)',
    },
    {
      input: 'import yaml\ncfg = yaml.load(f, yaml.FullLoader)',
      errors: [{ text: 'yaml.FullLoader' }],
      output: 'import yaml\ncfg = yaml.load(f, yaml.SafeLoader)',
    },
    {
      input: 'import yaml\ncfg = yaml.load(f, Loader=yaml.UnsafeLoader)',
      errors: [{ text: 'Loader=yaml.UnsafeLoader' }],
    },
    {
      input: 'from yaml import load, Loader\ncfg = load(f, Loader=Loader)',
      errors: [{ text: 'Loader=Loader' }],
    },
    {
      input: 'import yaml\ncfg = yaml.unsafe_load(s)',
      errors: [{ text: 'yaml.unsafe_load(s)', messageId: 'shortcut' }],
      output: 'import yaml\ncfg = yaml.safe_load(s)',
    },
    {
      input: 'import yaml\ncfg = yaml.full_load(s)',
      errors: [{ text: 'yaml.full_load(s)' }],
      output: 'import yaml\ncfg = yaml.safe_load(s)',
    },
    {
      input: 'import yaml\nfor d in yaml.load_all(f):\n    pass',
      errors: [{ text: 'yaml.load_all(f)' }],
      output: 'import yaml\nfor d in yaml.safe_load_all(f):\n    pass',
    },
    {
      input: {
        cells: [
          { source: 'import yaml as y' },
          { source: '%%time\ncfg = y.full_load(open("c.yml"))' },
        ],
      },
      errors: [{ text: 'y.full_load(open("c.yml"))', cellIndex: 1 }],
      output: '%%time\ncfg = y.safe_load(open("c.yml"))',
    },
    {
      input: 'import yaml\ncfg = yaml.load(f, **opts)',
      errors: [{ severity: 'note', messageId: 'unknown' }],
    },
  ],
});
