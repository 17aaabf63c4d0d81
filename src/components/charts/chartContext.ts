/**
 * What a live line chart's own layers (the series, the off-scale marks, the readout) read: the
 * series drawn and the y-domains in effect. LiveLineChart provides both.
 */
import { createContext } from 'react';
import type { LineSeries } from './LiveLineChart';

/** The series the chart draws. */
export const SeriesContext = createContext<readonly LineSeries[]>([]);
/** The y axes' domains, for the marks of points beyond them. */
export const DomainContext = createContext<{ left: [number, number]; right: [number, number] | null }>({ left: [0, 1], right: null });
