import { useEffect } from 'react';
import { useOpcUa } from '../../store/opcua';
import '../../styles/opcua.css';
import { BrowserPanel } from './BrowserPanel';
import { CertificatePrompt } from './CertificatePrompt';
import { CertificatesPanel } from './CertificatesPanel';
import { ServerPanel } from './ServerPanel';

/** OPC UA: discover a server's endpoints, add it (trusting its certificate), browse it, and take its nodes as tags. */
export function OpcUaScreen() {
  const refreshCertificates = useOpcUa((s) => s.refreshCertificates);
  useEffect(() => {
    void refreshCertificates();
  }, [refreshCertificates]);
  return (
    <div className="screen opcua-screen" data-testid="screen-opcua">
      <div className="screen-head">
        <h1>OPC UA</h1>
        <p className="muted">Discover a server&apos;s endpoints, add it as a device, browse its address space and add variables as tags; they show in Live › Tags beside Modbus tags.</p>
      </div>
      <ServerPanel />
      <CertificatePrompt />
      <BrowserPanel />
      <CertificatesPanel />
    </div>
  );
}
