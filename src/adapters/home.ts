// Where warroom keeps its files. $WARROOM_HOME (tests, portable setups) puts everything in one
// folder; otherwise the platform's data and config directories (env-paths), e.g.
// ~/.local/share/warroom and ~/.config/warroom on Linux.
import path from 'node:path';
import envPaths from 'env-paths';

export interface WarroomPaths {
  /** Holds incidents/<incident-id>/journal.jsonl. */
  dataDir: string;
  incidentsDir: string;
  /** Holds config.json. */
  configDir: string;
}

export function warroomPaths(env: NodeJS.ProcessEnv = process.env): WarroomPaths {
  const home = env.WARROOM_HOME;
  if (home) {
    const root = path.resolve(home);
    return { dataDir: root, incidentsDir: path.join(root, 'incidents'), configDir: root };
  }
  const paths = envPaths('warroom', { suffix: '' });
  return { dataDir: paths.data, incidentsDir: path.join(paths.data, 'incidents'), configDir: paths.config };
}
