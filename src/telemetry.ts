/**
 * Optional OpenTelemetry export of traces and metrics to Application Insights (the Azure Monitor
 * OpenTelemetry distro), on when APPLICATIONINSIGHTS_CONNECTION_STRING is set. It must start before
 * the service's modules load, so that the HTTP server, outgoing HTTP and PostgreSQL get
 * instrumented; when the setting is unset nothing of it is loaded at all.
 */

export interface Telemetry {
  /** Sends what is still buffered; call before the process exits. */
  shutdown(): Promise<void>;
}

export async function startTelemetry(connectionString: string | undefined): Promise<Telemetry | undefined> {
  if (!connectionString) return undefined;
  // Hooks ESM imports made from now on (pg, restify are imported by ESM modules), not only require().
  await import('@azure/monitor-opentelemetry/loader');
  const { useAzureMonitor, shutdownAzureMonitor } = await import('@azure/monitor-opentelemetry');
  // Application Insights shows this as the cloud role name.
  process.env.OTEL_SERVICE_NAME ??= 'pim-copilot';
  useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  return { shutdown: () => shutdownAzureMonitor() };
}
