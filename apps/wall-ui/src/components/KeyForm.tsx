import { useState } from 'preact/hooks';
import type { Translate } from '../i18n';

/** Asks for a key when there is none, or the one given was refused. */
export function KeyForm(props: { t: Translate; message: string; onKey: (key: string) => void }) {
  const [value, setValue] = useState('');
  const { t } = props;
  return (
    <form
      id="keyform"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) props.onKey(value.trim());
      }}
    >
      <label for="keyinput">{t('keyLabel')}</label>
      <input
        id="keyinput"
        type="password"
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit">{t('keyButton')}</button>
      <p id="keyerror" class="error">
        {props.message}
      </p>
    </form>
  );
}
