using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using AgUi.Runtime.Storage;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;

namespace AgUi.Testing;

/// <summary>
/// A real Azurite Table service on a free loopback port, started from <c>AZURITE_TABLE_BIN</c>
/// (scripts/test.sh installs it) and stopped at the end. Its data lives in a temporary folder, so
/// tests can stop and start it to simulate an outage and find what was committed before it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    // Azurite's published development key; not a secret, and what the key-never-shown tests look for.
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static int tableCounter;
    private readonly string location = Directory.CreateTempSubdirectory("agui-azurite-").FullName;
    private Process? process;

    public int Port { get; private set; }

    public string ConnectionString => ConnectionStringWithKey(AccountKey);

    public string ConnectionStringWithKey(string accountKey) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={accountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    public async Task InitializeAsync()
    {
        Port = FreePort();
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(location, recursive: true);
    }

    /// <summary>A table name no other test uses.</summary>
    public static string UniqueTableName(string prefix) => $"{prefix}{Interlocked.Increment(ref tableCounter)}{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 20)];

    /// <summary>A client made the way the app makes it, from a <c>ThreadStorage</c> connection string.</summary>
    public TableClient CreateClient(string tableName, TableClientOptions? options = null) =>
        ThreadStorageConnection.CreateClient(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [ThreadStorageConnection.Name] = ConnectionString }).Build(),
            tableName, options)!;

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
            WorkingDirectory = location,
        };
        foreach (var argument in new[] { "--location", location, "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                     "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(CultureInfo.InvariantCulture) })
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

    /// <summary>
    /// Stops Azurite with SIGINT, on which it closes its database and so writes it to disk (it otherwise
    /// saves every 5 s); killed when it has not exited within 10 s.
    /// </summary>
    public async Task StopAsync()
    {
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await interrupt.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

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
