const TEXT: Record<string, { title: string; what: string }> = {
  deploy: { title: 'Deploy', what: 'Build the edge gateway bundle that keeps publishing the verified points to MQTT/Sparkplug B.' },
};

/** An honest placeholder: no fake data for features that are not built yet. */
export function ComingSoon({ screen }: { screen: string }) {
  const t = TEXT[screen] ?? { title: screen, what: '' };
  return (
    <div className="screen" data-testid={`screen-${screen}`}>
      <div className="screen-head">
        <h1>{t.title}</h1>
      </div>
      <section className="panel later-panel">
        <p className="strong">Coming in a later release.</p>
        <p>{t.what}</p>
        <p className="muted">Nothing on this screen works yet; Devices, Register map, Live, OPC UA, Broker and Traffic do.</p>
      </section>
    </div>
  );
}
