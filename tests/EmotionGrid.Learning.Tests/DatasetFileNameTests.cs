namespace EmotionGrid.Learning.Tests;

public class DatasetFileNameTests
{
    [Theory]
    [InlineData("03-01-01-01-01-01-01.wav", "neutral", "ravdess-01")]
    [InlineData("03-01-02-02-01-02-12.wav", "calm", "ravdess-12")]
    [InlineData("03-01-03-01-02-01-05.WAV", "happy", "ravdess-05")]
    [InlineData("02-01-04-01-01-01-24.wav", "sad", "ravdess-24")]
    [InlineData("01-02-05-02-02-02-03.wav", "angry", "ravdess-03")]
    [InlineData("03-01-06-01-01-01-07.wav", "fearful", "ravdess-07")]
    [InlineData("03-01-07-01-01-01-08.wav", "disgust", "ravdess-08")]
    [InlineData("/data/Actor_09/03-01-08-02-01-01-09.wav", "surprised", "ravdess-09")]
    [InlineData(@"C:\corpus\Actor_10\03-01-08-02-01-01-10.wav", "surprised", "ravdess-10")]
    public void Ravdess(string name, string emotion, string speaker) => AssertLabel(name, "ravdess", emotion, speaker);

    [Theory]
    [InlineData("OAF_back_angry.wav", "angry", "tess-OAF")]
    [InlineData("OAF_bath_disgust.wav", "disgust", "tess-OAF")]
    [InlineData("YAF_bean_fear.wav", "fearful", "tess-YAF")]
    [InlineData("YAF_chalk_happy.Wav", "happy", "tess-YAF")]
    [InlineData("OAF_dime_neutral.wav", "neutral", "tess-OAF")]
    [InlineData("tess/YAF_germ_ps.wav", "surprised", "tess-YAF")]
    [InlineData("OAF_youth_sad.wav", "sad", "tess-OAF")]
    public void Tess(string name, string emotion, string speaker) => AssertLabel(name, "tess", emotion, speaker);

    [Theory]
    [InlineData("1001_DFA_ANG_XX.wav", "angry", "crema-1001")]
    [InlineData("1012_IEO_DIS_HI.wav", "disgust", "crema-1012")]
    [InlineData("1091_TIE_FEA_LO.wav", "fearful", "crema-1091")]
    [InlineData("1050_ITS_HAP_MD.wav", "happy", "crema-1050")]
    [InlineData("AudioWAV/1002_WSI_NEU_XX.wav", "neutral", "crema-1002")]
    [InlineData("1003_MTI_SAD_XX.WAV", "sad", "crema-1003")]
    public void CremaD(string name, string emotion, string speaker) => AssertLabel(name, "crema-d", emotion, speaker);

    [Theory]
    [InlineData("")]
    [InlineData("03-01-01-01-01-01-01")] // no extension
    [InlineData("03-01-01-01-01-01-01.mp3")]
    [InlineData("03-01-01-01-01-01-01.wav.bak")]
    [InlineData("03-01-01-01-01-01.wav")] // six fields
    [InlineData("03-01-01-01-01-01-01-01.wav")] // eight fields
    [InlineData("3-01-01-01-01-01-01.wav")] // one digit
    [InlineData("03-01-001-01-01-01-01.wav")] // three digits
    [InlineData("03-01-09-01-01-01-01.wav")] // emotion 09
    [InlineData("03-01-00-01-01-01-01.wav")] // emotion 00
    [InlineData("04-01-01-01-01-01-01.wav")] // modality 04
    [InlineData("03-03-01-01-01-01-01.wav")] // channel 03
    [InlineData("03-01-01-03-01-01-01.wav")] // intensity 03
    [InlineData("03-01-01-01-01-01-25.wav")] // actor 25
    [InlineData("03-01-01-01-01-01-00.wav")] // actor 00
    [InlineData("03-01-0a-01-01-01-01.wav")]
    [InlineData("03_01_01_01_01_01_01.wav")]
    [InlineData("03-01-01-01-01-01-01 (2).wav")]
    [InlineData("OAF_back_angry_2.wav")] // extra part
    [InlineData("OAF_back_surprised.wav")] // unknown TESS emotion
    [InlineData("MAF_back_angry.wav")] // unknown TESS speaker
    [InlineData("OAF__angry.wav")] // empty word
    [InlineData("OAF_angry.wav")]
    [InlineData("1001_DFA_ANG.wav")] // missing level
    [InlineData("1001_DFA_ANG_XX_1.wav")] // extra part
    [InlineData("101_DFA_ANG_XX.wav")] // three-digit actor
    [InlineData("1000_DFA_ANG_XX.wav")] // actor out of range
    [InlineData("1001_DFA_XYZ_XX.wav")] // unknown emotion
    [InlineData("1001_DFA_ANG_ZZ.wav")] // unknown level
    [InlineData("1001_DF_ANG_XX.wav")] // two-letter sentence
    [InlineData("1001_dfa_ang_xx.wav")] // CREMA-D codes are upper case
    [InlineData("recording.wav")]
    [InlineData("Actor_01/")]
    public void Malformed_names_are_not_labelled(string name)
    {
        Assert.False(DatasetFileName.TryParse(name, out _));
    }

    private static void AssertLabel(string name, string dataset, string emotion, string speaker)
    {
        Assert.True(DatasetFileName.TryParse(name, out var label));
        Assert.Equal(new DatasetLabel(dataset, emotion, speaker), label);
    }
}
