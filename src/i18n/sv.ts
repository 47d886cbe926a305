import { svPages } from './pages-sv.ts';

/**
 * Swedish: the default language, and the source every other catalogue must match key for
 * key (see Catalogue in messages.ts). Wording follows the help text people search with.
 */
export const sv = {
  sms: {
    signIn: 'Din engångskod för att logga in är {code}. Den gäller i {validity}. Dela den inte med någon.',
    verifyPhone: 'Din kod för att bekräfta ditt mobilnummer är {code}. Den gäller i {validity}.',
    resetPassword: 'Din kod för att välja ett nytt lösenord är {code}. Den gäller i {validity}. Bad du inte om den? Strunta i den, lösenordet är oförändrat.',
    passwordChanged: 'Ditt lösenord har just ändrats och du har loggats ut överallt. Var det inte du? Välj ett nytt under Glömt lösenordet.',
    accountDeleted: 'Ditt konto och allt vi sparade om dig har tagits bort. Du får inga fler meddelanden från oss.',
    lastToday: 'Det här är dagens sista kod.',
    phoneAdded: 'Ett nytt mobilnummer som slutar på {digits} har lagts till på ditt konto. Var det inte du? Logga in och ta bort numret.',
    passkeyAdded: 'En ny nyckel har lagts till på ditt konto. Var det inte du? Logga in och ta bort den under Säkerhetsinformation.',
    passkeyRemoved: 'En nyckel har tagits bort från ditt konto. Var det inte du? Logga in och se över din säkerhetsinformation.',
    phoneRemoved: 'Mobilnumret som slutar på {digits} har tagits bort från ditt konto. Var det inte du? Logga in och lägg till det igen.',
    emailChanged: 'E-postadressen till ditt konto har just ändrats. Var det inte du? Öppna länken i mejlet till din gamla adress för att ångra ändringen.',
    newBrowser: 'Någon loggade just in på ditt konto från en ny webbläsare ({browser}). Var det inte du? Välj ett nytt lösenord under Glömt lösenordet.',
    unknownBrowser: 'okänd webbläsare',
    minutes: { one: '{n} minut', other: '{n} minuter' },
    seconds: { one: '{n} sekund', other: '{n} sekunder' },
  },
  mail: {
    verifyEmail: {
      subject: 'Bekräfta din e-postadress',
      text: 'Hej!\n\nDin kod för att bekräfta din e-postadress är:\n\n{code}\n\nKoden gäller i {validity}. Du kan också bekräfta adressen genom att öppna den här länken:\n\n{link}\n\nOm du inte har bett om att skapa ett konto kan du bortse från det här mejlet.',
    },
    signUpAttempt: {
      subject: 'Någon försökte skapa ett konto med din e-postadress',
      text: 'Hej!\n\nNågon försökte nyss skapa ett konto med den här e-postadressen, men det finns redan ett konto med den.\n\nVar det du? Logga in här:\n{signIn}\n\nHar du glömt lösenordet kan du välja ett nytt här:\n{forgotPassword}\n\nVar det inte du behöver du inte göra något. Ingenting har ändrats på ditt konto.',
    },
    passwordReset: {
      subject: 'Din kod för att välja ett nytt lösenord',
      text: 'Hej!\n\nDin kod för att välja ett nytt lösenord är:\n\n{code}\n\nKoden gäller i {validity}. Dela den inte med någon.\n\nOm du inte har bett om att få välja ett nytt lösenord kan du bortse från det här mejlet. Ditt lösenord är oförändrat.',
    },
    passwordChanged: {
      subject: 'Ditt lösenord har ändrats',
      text: 'Hej!\n\nLösenordet till ditt konto har just ändrats. Var det du behöver du inte göra något.\n\nVar det inte du? Välj ett nytt lösenord direkt här, så att ingen annan kan logga in med det som ändrades:\n{forgotPassword}',
    },
    accountDeleted: {
      subject: 'Ditt konto har tagits bort',
      text: 'Hej!\n\nDitt konto och allt vi sparade om dig har tagits bort: e-postadressen, mobilnumren, inloggningarna och aktiviteten. Webbplatser som du loggade in på med kontot kan inte längre logga in dig.\n\nDet här är det sista mejlet vi skickar till adressen. Vill du använda tjänsten igen kan du skapa ett nytt konto med samma adress.',
    },
    passkeyAdded: {
      subject: 'En ny nyckel har lagts till på ditt konto',
      text: 'Hej!\n\nEn ny nyckel har just lagts till på ditt konto. Med den går det att logga in utan lösenord eller kod. Var det du behöver du inte göra något.\n\nVar det inte du? Logga in och ta bort nyckeln under Säkerhetsinformation:\n{security}',
    },
    passkeyRemoved: {
      subject: 'En nyckel har tagits bort från ditt konto',
      text: 'Hej!\n\nEn nyckel har just tagits bort från ditt konto och går inte längre att logga in med. Var det du behöver du inte göra något.\n\nVar det inte du? Logga in och se över din säkerhetsinformation:\n{security}',
    },
    phoneAdded: {
      subject: 'Ett mobilnummer har lagts till på ditt konto',
      text: 'Hej!\n\nEtt nytt mobilnummer som slutar på {digits} har just lagts till på ditt konto. Var det du behöver du inte göra något.\n\nVar det inte du? Logga in och ta bort numret under Säkerhetsinformation, och välj ett nytt lösenord:\n{forgotPassword}',
    },
    phoneRemoved: {
      subject: 'Ett mobilnummer har tagits bort från ditt konto',
      text: 'Hej!\n\nMobilnumret som slutar på {digits} har just tagits bort från ditt konto. Var det du behöver du inte göra något.\n\nVar det inte du? Välj ett nytt lösenord direkt här och lägg sedan till numret igen:\n{forgotPassword}',
    },
    newBrowser: {
      subject: 'Ny inloggning på ditt konto',
      text: 'Hej!\n\nNågon loggade just in på ditt konto från en webbläsare som inte har använts för det förut:\n\n{browser}\nIP-adress: {ip}\n\nVar det du behöver du inte göra något.\n\nVar det inte du? Välj ett nytt lösenord direkt här, så loggas alla andra ut:\n{forgotPassword}',
    },
    changeEmail: {
      subject: 'Bekräfta din nya e-postadress',
      text: 'Hej!\n\nDin kod för att byta till den här e-postadressen är:\n\n{code}\n\nKoden gäller i {validity}. Skriv in den där du bytte adress. Dela den inte med någon.\n\nOm du inte har bett om att byta e-postadress kan du bortse från det här mejlet. Ingenting har ändrats.',
    },
    emailChangeAttempt: {
      subject: 'Någon försökte byta till din e-postadress',
      text: 'Hej!\n\nNågon försökte nyss byta e-postadress på ett konto till den här adressen, men det finns redan ett konto med den. Ingen kod har skickats och ingenting har ändrats.\n\nVar det du? Logga in med den här adressen här:\n{signIn}\n\nVar det inte du behöver du inte göra något.',
    },
    emailChanged: {
      subject: 'E-postadressen till ditt konto har ändrats',
      text: 'Hej!\n\nE-postadressen till ditt konto har just ändrats, och mejl om kontot går inte längre till den här adressen. Var det du behöver du inte göra något.\n\nVar det inte du? Öppna länken nedan inom {days} dagar för att ångra ändringen. Då får kontot tillbaka den här adressen och alla som är inloggade loggas ut. Välj sedan ett nytt lösenord.\n\n{link}',
    },
    signature: 'Hälsningar\nEngångskod',
  },
  problems: {
    bad_request: { title: 'Felaktig begäran', detail: 'Begäran kunde inte tolkas.' },
    invalid_json: { title: 'Ogiltig JSON', detail: 'Begärans innehåll är inte giltig JSON.' },
    body_too_large: { title: 'För stor begäran', detail: 'Begärans innehåll är för stort.' },
    unsupported_media_type: { title: 'Fel innehållstyp', detail: 'Skicka innehållet som application/json.' },
    validation_failed: { title: 'Ogiltiga uppgifter', detail: 'Några fält saknas eller har fel format.' },
    email_invalid: { title: 'Ogiltig e-postadress', detail: 'Ange en giltig e-postadress.' },
    email_confusable: { title: 'E-postadressen kan förväxlas med en annan', detail: 'Adressen innehåller osynliga tecken eller blandar bokstäver från olika alfabet som ser likadana ut. Skriv den med ett och samma alfabet.' },
    email_unchanged: { title: 'Samma e-postadress', detail: 'Det här är redan kontots e-postadress. Ange den nya adressen.' },
    email_taken: { title: 'E-postadressen används redan', detail: 'Ett annat konto har fått den här adressen sedan koden skickades. Logga in med den adressen i stället, eller välj en annan.' },
    password_too_short: { title: 'För kort lösenord', detail: 'Lösenordet måste ha minst 8 tecken.' },
    password_too_long: { title: 'För långt lösenord', detail: 'Lösenordet får ha högst 256 tecken.' },
    password_too_common: { title: 'För enkelt lösenord', detail: 'Lösenordet är för vanligt eller lätt att gissa. Välj ett annat.' },
    password_invalid: { title: 'Ogiltigt lösenord', detail: 'Lösenordet innehåller tecken som inte är tillåtna.' },
    email_unverified: { title: 'E-postadressen är inte bekräftad', detail: 'Bekräfta adressen med koden vi mejlade när kontot skapades. Behöver du en ny kod? Skicka POST /api/v1/accounts/verification-code med adressen, eller skapa kontot igen.' },
    email_mismatch: { title: 'E-postadressen stämmer inte', detail: 'Skriv e-postadressen till ditt konto för att bekräfta att du vill ta bort det.' },
    credentials_invalid: { title: 'Fel e-postadress eller lösenord', detail: 'E-postadressen eller lösenordet stämmer inte.' },
    unauthenticated: { title: 'Inte inloggad', detail: 'Logga in för att fortsätta.' },
    region_unsupported: { title: 'Regionen stöds inte', detail: 'Engångskoder är endast tillgängliga för de platser som visas på listan.' },
    number_invalid: { title: 'Ogiltigt mobilnummer', detail: 'Ange ett giltigt mobiltelefonnummer för den valda regionen.' },
    phone_limit_reached: { title: 'För många nummer', detail: 'Ett konto kan ha högst 5 mobilnummer. Ta bort ett innan du lägger till ett nytt.' },
    phone_exists: { title: 'Numret finns redan', detail: 'Det här numret finns redan i din säkerhetsinformation.' },
    phone_not_found: { title: 'Numret hittades inte', detail: 'Numret finns inte i din säkerhetsinformation.' },
    session_not_found: { title: 'Inloggningen hittades inte', detail: 'Du är inte inloggad där, eller så har inloggningen redan avslutats.' },
    website_not_found: { title: 'Webbplatsen hittades inte', detail: 'Du har inte gett den här webbplatsen tillgång, eller så är åtkomsten redan borttagen.' },
    phone_already_verified: { title: 'Numret är redan bekräftat', detail: 'Det här numret är redan bekräftat.' },
    verification_code_invalid: { title: 'Koden stämmer inte', detail: 'Koden är fel eller har gått ut. Begär en ny kod och använd den nyaste.' },
    reauthentication_required: { title: 'Logga in igen', detail: 'För att ändra säkerhetsinformationen behöver du ha loggat in under de senaste 10 minuterna. Logga in igen och försök sedan på nytt.' },
    passkey_invalid: { title: 'Nyckeln fungerar inte', detail: 'Inloggningen med nyckeln gick inte igenom. Hämta nya alternativ och försök igen, eller logga in på ett annat sätt.' },
    passkey_limit_reached: { title: 'För många nycklar', detail: 'Ett konto kan ha högst 10 nycklar. Ta bort en innan du lägger till en ny.' },
    passkey_rejected: { title: 'Nyckeln kunde inte läggas till', detail: 'Svaret från enheten godtogs inte: det var för en annan webbplats eller ett annat försök, utan bekräftelse med PIN eller biometri, eller så finns nyckeln redan. Hämta nya alternativ och försök igen.' },
    passkey_not_found: { title: 'Nyckeln hittades inte', detail: 'Nyckeln finns inte i din säkerhetsinformation.' },
    code_invalid: { title: 'Engångskoden fungerar inte', detail: 'Koden är fel, redan använd eller har gått ut. Begär en ny kod. Om du begärt mer än en kod använder du den nyaste.' },
    resend_too_soon: { title: 'Vänta lite innan du begär en ny kod', detail: 'Du begärde nyss en kod till det här numret. Den kan ta några minuter att komma fram. Vänta tills tiden i Retry-After har gått innan du begär en ny, och använd den nyaste koden.' },
    rate_limited: { title: 'För många försök', detail: 'Det finns en gräns för hur många försök som kan göras inom en viss tid, för att förhindra missbruk. Försök igen när tiden i Retry-After har gått.' },
    proof_of_work_required: { title: 'Bekräfta att du inte är en robot', detail: 'Många koder har begärts härifrån den senaste timmen, kanske från en skola eller ett bibliotek. Lös utmaningen i medlemmen altcha (ALTCHA) och skicka begäran igen med lösningen i fältet altcha, eller vänta tills tiden i Retry-After har gått.' },
    not_found: { title: 'Hittades inte', detail: 'Det finns inget på den här adressen.' },
    method_not_allowed: { title: 'Metoden stöds inte', detail: 'Adressen stöder inte den här metoden.' },
    internal: { title: 'Något gick fel', detail: 'Ett oväntat fel inträffade. Försök igen om en stund.' },
  },
  pages: svPages,
} as const;
