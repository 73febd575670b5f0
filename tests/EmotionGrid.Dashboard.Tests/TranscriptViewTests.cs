using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EmotionGrid.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmotionGrid.Dashboard.Tests;

/// <summary>
/// What was said (issue 14) in the table, the file detail, the segment timeline and the prediction. The real
/// silo's file answers are rewritten in the browser (Playwright routes) to carry a known transcript with markup
/// in it and the prediction is canned, so these check the page's rendering whether or not the silo transcribes;
/// a prediction without a transcript shows nothing extra.
/// </summary>
public sealed class TranscriptViewTests(BrowserFixture browsers, LabelledSilo labelled)
{
    private const string Said = "<img src=x onerror=alert(14)> kids are talking by the door";

    [Fact]
    public async Task The_table_detail_timeline_and_prediction_show_what_was_said_as_text()
    {
        var browser = await browsers.BrowserAsync();
        var silo = await labelled.GetAsync();
        await using var session = await DashboardPage.OpenAsync(browser, silo);
        var page = session.Page;
        await Expect(page.Locator("#text-filter")).ToHaveAttributeAsync("placeholder", new Regex("words"));

        await RewriteAsync(page, @"/api/files\?", json =>
        {
            foreach (var item in json["items"]!.AsArray())
            {
                item!["transcriptText"] = Said;
            }
        });
        await RewriteAsync(page, @"/api/files/[0-9a-f]{64}$", json =>
        {
            json["transcript"] = JsonNode.Parse("""
                {"text":"<u>kids</u> door","confidence":0.72,"transcriber":"pocketsphinx-en-us",
                 "words":[{"word":"<u>kids</u>","startSeconds":0.1,"endSeconds":0.42,"confidence":0.91},
                          {"word":"door","startSeconds":1.6,"endSeconds":2.0,"confidence":0.5}]}
                """);
            json["segments"] = JsonNode.Parse("""
                [{"index":0,"startSeconds":0,"endSeconds":1.6,"emotion":"calm","confidence":0.7,"text":"<u>kids</u> are talking"},
                 {"index":1,"startSeconds":1.5,"endSeconds":3.0,"emotion":"angry","confidence":0.6,"text":null}]
                """);
        });

        // The table: the text cut to 40 characters, the whole of it in the title.
        await page.Locator("#text-filter").FillAsync("interview clip 01");
        await Expect(page.Locator("#files tr")).ToHaveCountAsync(1);
        var cell = page.Locator("#files td.c-said span");
        await Expect(cell).ToHaveTextAsync(Said[..39].TrimEnd() + "…");
        await Expect(cell).ToHaveAttributeAsync("title", Said);

        // The detail: the words, each with its time in the title, the confidence, and each segment's text under the timeline.
        await page.Locator("#files tr").First.ClickAsync();
        await Expect(page.Locator("#detail h3", new() { HasText = "What was said" })).ToBeVisibleAsync();
        await Expect(page.Locator("#detail .said-text")).ToHaveTextAsync("<u>kids</u> door");
        await Expect(page.Locator("#detail .said .word")).ToHaveCountAsync(2);
        await Expect(page.Locator("#detail .said .word").First).ToHaveAttributeAsync("title", "0.10–0.42 s · 91%");
        await Expect(page.Locator("#detail .said-meta")).ToHaveTextAsync("72% confident · pocketsphinx-en-us");
        await Expect(page.Locator("#detail .timeline-seg")).ToHaveCountAsync(2);
        await Expect(page.Locator("#detail .timeline-seg").First).ToHaveAttributeAsync("title", new Regex("<u>kids</u> are talking$"));
        await Expect(page.Locator("#detail .timeline-text li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#detail .timeline-text li")).ToHaveTextAsync("0.0–1.6 s <u>kids</u> are talking");
        await session.ScreenshotAsync("transcript-detail");
        await page.Locator("#detail-close").ClickAsync();

        // The prediction: what was said above the emotion; nothing extra when the server sends no transcript. The answer
        // is canned (Chromium does not hand an uploaded Blob to a route's fetch), so no model is needed.
        string? transcript = """{"text":"dogs are sitting by the door","confidence":0.64,"words":[],"transcriber":"pocketsphinx-en-us"}""";
        await page.RouteAsync("**/api/predict*", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "application/json",
            Body = $$"""
                {"emotion":"sad","confidence":0.61,"probabilities":{"calm":0.1,"happy":0.09,"sad":0.61,"angry":0.2},"modelVersion":7,
                 "embedder":"acoustic-v1","durationSeconds":3.5,"segments":null,"fileId":null,"transcript":{{transcript ?? "null"}}}
                """,
        }));
        await session.ShowAsync("record");
        using var temp = new TempDataRoot();
        var clip = Path.Combine(temp.Path, "clip.wav");
        await File.WriteAllBytesAsync(clip, SineWav.Wav16(440, 1));
        await page.SetInputFilesAsync("#predict-input", clip);
        await Expect(page.Locator("#prediction-said .said-text")).ToHaveTextAsync("dogs are sitting by the door");
        await Expect(page.Locator("#prediction-said .said-meta")).ToHaveTextAsync("64% confident · pocketsphinx-en-us");
        await Expect(page.Locator("#prediction-emotion")).ToHaveTextAsync("sad");
        var saidBox = await page.Locator("#prediction-said").BoundingBoxAsync();
        var emotionBox = await page.Locator("#prediction-emotion").BoundingBoxAsync();
        Assert.True(saidBox!.Y + saidBox.Height <= emotionBox!.Y, $"the text ({saidBox.Y}+{saidBox.Height}) is not above the emotion ({emotionBox.Y})");
        await session.ScreenshotAsync("transcript-prediction");

        transcript = null;
        await page.Locator("#prediction-meta").EvaluateAsync("e => e.textContent = ''");
        await page.SetInputFilesAsync("#predict-input", clip);
        await Expect(page.Locator("#prediction-meta")).ToContainTextAsync("model v7");
        await Expect(page.Locator("#prediction-said")).ToBeHiddenAsync();
        await Expect(page.Locator("#prediction-said *")).ToHaveCountAsync(0);

        Assert.Equal(0, await page.Locator("#files-table img, #detail u, #prediction u").CountAsync());
        Assert.Equal(1, await page.Locator("img").CountAsync()); // the logo in the header, nothing else
        session.AssertClean();
    }

    /// <summary>Lets the silo answer requests whose URL matches <paramref name="pattern"/>, then changes its JSON before the page sees it.</summary>
    private static Task RewriteAsync(IPage page, string pattern, Action<JsonNode> change) =>
        page.RouteAsync(new Regex(pattern), async route =>
        {
            var response = await route.FetchAsync();
            var json = JsonNode.Parse(await response.TextAsync())!;
            change(json);
            await route.FulfillAsync(new RouteFulfillOptions { Response = response, Body = json.ToJsonString() });
        });
}
