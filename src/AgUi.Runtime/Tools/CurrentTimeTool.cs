using System.ComponentModel;
using System.Globalization;

namespace AgUi.Runtime.Tools;

/// <summary>
/// The worked example of a backend tool: a C# method whose <c>[Description]</c>s the model reads. Its
/// <see cref="TimeProvider"/> comes from the app's services; <c>timeZone</c> comes from the model, and
/// a <see cref="ToolException"/> tells the model what to correct.
/// </summary>
public static class CurrentTimeTool
{
    public const string ToolName = "get_current_time";

    [DisplayName(ToolName)]
    [Description("Returns the current local date and time, with its UTC offset, in the given IANA time zone.")]
    public static CurrentTime GetCurrentTime(
        [Description("An IANA time zone id, for example Europe/Paris, America/New_York or UTC.")] string timeZone,
        TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            throw new ToolException($"Unknown time zone '{timeZone}'. Use an IANA time zone id such as Europe/Paris or America/New_York.");
        }

        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        return new CurrentTime(
            zone.Id,
            local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            local.ToString("zzz", CultureInfo.InvariantCulture),
            local.DayOfWeek.ToString(),
            zone.IsDaylightSavingTime(local));
    }
}

/// <summary>What <c>get_current_time</c> returns to the model.</summary>
public sealed record CurrentTime(string TimeZone, string LocalTime, string UtcOffset, string DayOfWeek, bool IsDaylightSavingTime);
