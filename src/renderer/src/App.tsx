import { Nav } from './components/Nav';
import { Notices } from './components/Notices';
import { StatusBar } from './components/StatusBar';
import { ProjectNotices, TopBar } from './components/TopBar';
import { ErrorBoundary } from './components/ErrorBoundary';
import { BrokerScreen } from './screens/broker/BrokerScreen';
import { ComingSoon } from './screens/ComingSoon';
import { DevicesScreen } from './screens/DevicesScreen';
import { DeployScreen } from './screens/deploy/DeployScreen';
import { LiveTabs } from './screens/LiveTabs';
import { MapScreen } from './screens/MapScreen';
import { CipScreen } from './screens/cip/CipScreen';
import { OpcUaScreen } from './screens/opcua/OpcUaScreen';
import { TrafficScreen } from './screens/TrafficScreen';
import { useConnection } from './store/connection';
import { useUi, type ScreenId } from './store/ui';

export function App() {
  const screen = useUi((s) => s.screen);
  const tokenProblem = useConnection((s) => (s.link.kind === 'no-token' || s.link.kind === 'refused' ? s.link.kind : null));
  return (
    <div className="app">
      <TopBar />
      <ProjectNotices />
      <div className="body">
        <Nav />
        <main className="main" data-testid="main">
          {tokenProblem ? (
            <NoToken refused={tokenProblem === 'refused'} />
          ) : (
            <ErrorBoundary key={screen} label={SCREEN_LABELS[screen] ?? screen}>
              <ScreenBody screen={screen} />
            </ErrorBoundary>
          )}
        </main>
      </div>
      <StatusBar />
      <Notices />
    </div>
  );
}

const SCREEN_LABELS: Partial<Record<ScreenId, string>> = { devices: 'Devices', live: 'Live', map: 'Register map', opcua: 'OPC UA', cip: 'EtherNet/IP', broker: 'Broker', deploy: 'Deploy gateway', traffic: 'Traffic' };

function ScreenBody({ screen }: { screen: ScreenId }) {
  if (screen === 'devices') return <DevicesScreen />;
  if (screen === 'live') return <LiveTabs />;
  if (screen === 'map') return <MapScreen />;
  if (screen === 'opcua') return <OpcUaScreen />;
  if (screen === 'cip') return <CipScreen />;
  if (screen === 'broker') return <BrokerScreen />;
  if (screen === 'deploy') return <DeployScreen />;
  if (screen === 'traffic') return <TrafficScreen />;
  return <ComingSoon screen={screen} />;
}

function NoToken({ refused }: { refused: boolean }) {
  return (
    <div className="screen" data-testid="token-problem" data-refused={refused}>
      <section className="panel">
        <h1>{refused ? 'This address is from an earlier run' : 'Not connected'}</h1>
        <p>
          {refused ? 'The engine refused the access token in this address. The token changes every time Fieldbench starts, so bookmarks and old tabs stop working. ' : 'This page needs the access token of the running engine. '}
          Open the address that <code>fieldbench web</code> printed in its terminal; it ends in <code>#token=…</code>.
        </p>
      </section>
    </div>
  );
}
