export const BUILTIN_RULES_YAML = `groups: []
`;
