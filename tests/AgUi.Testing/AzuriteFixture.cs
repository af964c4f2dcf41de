using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgUi.Runtime.Storage;

namespace AgUi.Testing;

/// <summary>
/// A real Azurite Table service on a free loopback port with in-memory persistence, started from
/// <c>AZURITE_TABLE_BIN</c> (scripts/test.sh installs it) and killed at the end. Tests can stop and
/// start it to simulate an outage; a restart loses every table.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static int tableCounter;
    private Process? process;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public async Task InitializeAsync()
    {
        Port = FreePort();
        await StartAsync();
    }

    public Task DisposeAsync() => StopAsync();

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueTableName(string prefix) => $"{prefix}{Interlocked.Increment(ref tableCounter)}{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 20)];

    public TableClient CreateClient(string tableName, TableClientOptions? options = null) => new(ConnectionString, tableName, options);

    public async Task StartAsync()
    {
        var bin = Environment.GetEnvironmentVariable("AZURITE_TABLE_BIN");
        if (string.IsNullOrEmpty(bin) || !File.Exists(bin))
        {
            throw new InvalidOperationException(
                "AZURITE_TABLE_BIN must point to the azurite-table executable. scripts/test.sh installs Azurite under " +
                "tests/conformance/node_modules and sets it; by hand: npm install azurite, then export " +
                "AZURITE_TABLE_BIN=$PWD/node_modules/.bin/azurite-table.");
        }

        var start = new ProcessStartInfo(bin)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                     "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        process = Process.Start(start) ?? throw new InvalidOperationException("azurite-table did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(100);
            }
        }
    }

    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
