import { getOwn, setOwn } from './own-entry';
import { emptyRegion, type EmulatorState, type RegionState } from './state-types';

/** Holds the emulator's state, one partition per region. */
export class StateStore {
  state: EmulatorState = { regions: {} };

  region(name: string): RegionState {
    let region = getOwn(this.state.regions, name);
    if (!region) {
      region = emptyRegion();
      setOwn(this.state.regions, name, region);
    }
    return region;
  }

  reset(): void {
    this.state = { regions: {} };
  }

  replace(state: EmulatorState): void {
    this.state = state;
  }
}
