import { KlBars } from '../KlBars/KlBars';
import { FiguresPanel } from './Figures';

/** The Figures tab: settings in effect, KL per latent dimension, a full test evaluation. */
export function FiguresTab() {
  return (
    <FiguresPanel>
      <KlBars />
    </FiguresPanel>
  );
}
