import { tagKey } from '../../../shared/project/schema';
import { error, nameList, ok, warning } from '../finding';
import type { PreflightCheck } from '../types';

/**
 * Every tag decoded and checked: the commissioning marks of the project (verified on the laptop, failed, or not yet
 * checked, listed by name), and the pre-flight read of each tag (a Bad value from a device that answers).
 */
export const checkTags: PreflightCheck = ({ project, facts }) => {
  const verified: string[] = [];
  const failed: string[] = [];
  const unverified: string[] = [];
  for (const m of project.tagMaps) {
    for (const t of m.tags) {
      const status = project.checkout[tagKey(m.id, t.name)]?.status;
      if (status === 'verified') verified.push(t.name);
      else if (status === 'failed') failed.push(t.name);
      else unverified.push(t.name);
    }
  }
  const total = verified.length + failed.length + unverified.length;
  const out = [];
  if (total === 0) out.push(error('tags', 'the project has no tags: the gateway would publish nothing', 'tagMaps', 'add tags to a device\'s map on the Register map screen'));
  if (failed.length) out.push(error('tags', `${failed.length} tag${failed.length === 1 ? '' : 's'} marked failed at checkout: ${nameList(failed)}`, nameList(failed, 3), 'fix the map (address, type, byte order) and check the tag again on the Live screen, or remove it'));
  if (unverified.length) out.push(warning('tags', `${unverified.length} of ${total} tags not verified at checkout: ${nameList(unverified)}`, nameList(unverified, 3), 'compare each value with the device on the Live screen and mark it verified'));
  if (verified.length) out.push(ok('tags', `${verified.length} of ${total} tags verified at checkout`, verified.length === total ? 'every tag' : nameList(verified, 3)));
  const badReads = (facts.probes ?? []).filter((p) => p.reachable).flatMap((p) => p.tags.filter((t) => t.status === 'bad'));
  for (const t of badReads.slice(0, 20)) out.push(error('tags', `read Bad at pre-flight: ${t.reason ?? 'no reason given'}`, t.name, 'check the tag\'s address and type against the device documentation'));
  if (badReads.length > 20) out.push(error('tags', `${badReads.length - 20} more tags read Bad at pre-flight`, nameList(badReads.slice(20).map((t) => t.name), 5), 'check their addresses and types'));
  return out;
};
