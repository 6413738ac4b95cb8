/**
 * The metrics of each CVSS version, in the order the specifications list them. That order is the
 * canonical order of a vector string; the allowed values are the abbreviations of each metric's values.
 */
import type { MetricDefinition, MetricGroup } from './types.js';

function metric(key: string, group: MetricGroup, values: string): MetricDefinition {
  return { key, group, values: values.split(',') };
}

/**
 * CVSS v2 (Complete Guide to CVSS v2, section 2.4 "Base, Temporal, Environmental Vectors", Table 13).
 * "ND" is Not Defined.
 */
export const CVSS2_METRICS: readonly MetricDefinition[] = [
  metric('AV', 'base', 'L,A,N'),
  metric('AC', 'base', 'H,M,L'),
  metric('Au', 'base', 'M,S,N'),
  metric('C', 'base', 'N,P,C'),
  metric('I', 'base', 'N,P,C'),
  metric('A', 'base', 'N,P,C'),
  metric('E', 'temporal', 'U,POC,F,H,ND'),
  metric('RL', 'temporal', 'OF,TF,W,U,ND'),
  metric('RC', 'temporal', 'UC,UR,C,ND'),
  metric('CDP', 'environmental', 'N,L,LM,MH,H,ND'),
  metric('TD', 'environmental', 'N,L,M,H,ND'),
  metric('CR', 'environmental', 'L,M,H,ND'),
  metric('IR', 'environmental', 'L,M,H,ND'),
  metric('AR', 'environmental', 'L,M,H,ND'),
];

/** CVSS v3.0 and v3.1 (v3.1 specification section 6 "Vector String", Table 15). "X" is Not Defined. */
export const CVSS3_METRICS: readonly MetricDefinition[] = [
  metric('AV', 'base', 'N,A,L,P'),
  metric('AC', 'base', 'L,H'),
  metric('PR', 'base', 'N,L,H'),
  metric('UI', 'base', 'N,R'),
  metric('S', 'base', 'U,C'),
  metric('C', 'base', 'H,L,N'),
  metric('I', 'base', 'H,L,N'),
  metric('A', 'base', 'H,L,N'),
  metric('E', 'temporal', 'X,H,F,P,U'),
  metric('RL', 'temporal', 'X,U,W,T,O'),
  metric('RC', 'temporal', 'X,C,R,U'),
  metric('CR', 'environmental', 'X,H,M,L'),
  metric('IR', 'environmental', 'X,H,M,L'),
  metric('AR', 'environmental', 'X,H,M,L'),
  metric('MAV', 'environmental', 'X,N,A,L,P'),
  metric('MAC', 'environmental', 'X,L,H'),
  metric('MPR', 'environmental', 'X,N,L,H'),
  metric('MUI', 'environmental', 'X,N,R'),
  metric('MS', 'environmental', 'X,U,C'),
  metric('MC', 'environmental', 'X,H,L,N'),
  metric('MI', 'environmental', 'X,H,L,N'),
  metric('MA', 'environmental', 'X,H,L,N'),
];

/** CVSS v4.0 (v4.0 specification section 7 "Vector String", Table 23). "X" is Not Defined. */
export const CVSS4_METRICS: readonly MetricDefinition[] = [
  metric('AV', 'base', 'N,A,L,P'),
  metric('AC', 'base', 'L,H'),
  metric('AT', 'base', 'N,P'),
  metric('PR', 'base', 'N,L,H'),
  metric('UI', 'base', 'N,P,A'),
  metric('VC', 'base', 'H,L,N'),
  metric('VI', 'base', 'H,L,N'),
  metric('VA', 'base', 'H,L,N'),
  metric('SC', 'base', 'H,L,N'),
  metric('SI', 'base', 'H,L,N'),
  metric('SA', 'base', 'H,L,N'),
  metric('E', 'threat', 'X,A,P,U'),
  metric('CR', 'environmental', 'X,H,M,L'),
  metric('IR', 'environmental', 'X,H,M,L'),
  metric('AR', 'environmental', 'X,H,M,L'),
  metric('MAV', 'environmental', 'X,N,A,L,P'),
  metric('MAC', 'environmental', 'X,L,H'),
  metric('MAT', 'environmental', 'X,N,P'),
  metric('MPR', 'environmental', 'X,N,L,H'),
  metric('MUI', 'environmental', 'X,N,P,A'),
  metric('MVC', 'environmental', 'X,H,L,N'),
  metric('MVI', 'environmental', 'X,H,L,N'),
  metric('MVA', 'environmental', 'X,H,L,N'),
  metric('MSC', 'environmental', 'X,H,L,N'),
  // Only the modified subsequent-system integrity and availability have "S" (Safety), section 4.2.
  metric('MSI', 'environmental', 'X,S,H,L,N'),
  metric('MSA', 'environmental', 'X,S,H,L,N'),
  metric('S', 'supplemental', 'X,N,P'),
  metric('AU', 'supplemental', 'X,N,Y'),
  metric('R', 'supplemental', 'X,A,U,I'),
  metric('V', 'supplemental', 'X,D,C'),
  metric('RE', 'supplemental', 'X,L,M,H'),
  metric('U', 'supplemental', 'X,Clear,Green,Amber,Red'),
];

/** The value that means "Not Defined" in a version's vectors. */
export function notDefinedValue(version: '2.0' | '3.0' | '3.1' | '4.0'): string {
  return version === '2.0' ? 'ND' : 'X';
}
