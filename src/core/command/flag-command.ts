// Fills a feature-flag command template from config (`ldcli flags toggle --flag {flag} --value
// {value}`) with the runbook's flag and value, quoted like any other parameter.
import { fillParameters } from './substitute.ts';

export function fillFlagCommand(template: string, flag: string, value: string): string {
  return fillParameters(
    template,
    [
      { name: 'flag', raw: '{flag}', syntax: 'mustache' },
      { name: 'value', raw: '{value}', syntax: 'mustache' },
    ],
    { flag, value },
  ).script;
}
