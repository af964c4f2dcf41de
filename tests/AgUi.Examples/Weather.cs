using System.ComponentModel;

namespace AgUi.Examples;

public static class Weather
{
    [DisplayName("get_weather")]
    [Description("The current weather in a city.")]
    public static string GetWeather([Description("The city, for example Oslo")] string city) =>
        $"Sunny and 21 °C in {city}.";
}
