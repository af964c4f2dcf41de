namespace AgUi.Functions.Tests;

/// <summary>Waits for something another process reports on its own time (a worker's log line, for example).</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The first item <paramref name="read"/> returns that matches <paramref name="match"/>; fails after the timeout.</summary>
    public static async Task<T> FindAsync<T>(Func<IEnumerable<T>> read, Func<T, bool> match, string what)
    {
        ArgumentNullException.ThrowIfNull(read);
        var deadline = DateTime.UtcNow + DefaultTimeout;
        while (true)
        {
            foreach (var item in read())
            {
                if (match(item))
                {
                    return item;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"Not seen within {DefaultTimeout.TotalSeconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
