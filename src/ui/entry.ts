// The only part of the UI that commands may import: mounting the dashboard and the picker.
// Loading this module loads Ink and React; plain commands (show, list, validate) never do.
export { runDashboard, type DashboardLaunch } from './run-dashboard.tsx';
export { runPicker, type PickerAlert, type PickerChoice, type PickerIncident, type PickerRunbook, type PickerShared } from './picker.tsx';
export type { LiveTargets } from './picker-mode.tsx';
